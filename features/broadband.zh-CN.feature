# language: zh-CN
@product:broadband @lang:zh-CN
功能: 宽带全程穿越
  客户在一个渠道为家里订购宽带并预约渠道提供的安装时段,检查装维人员在预约时段内上门安装开通、线路可用、
  首月账单自开通日起折算、报障后按时修复并通知,以及拆机后停止收费。热线可报障(菜单6)但不受理宽带订购,故不在其列。

  场景大纲: 在<channel>渠道办理宽带
    假如 一位使用<channel>渠道的新客户

    # 订购
    当 客户在目录中查找宽带产品
    那么 目录展示的资费和条款与公布的一致 [ORD-PRICE-SHOWN]
    当 客户预约渠道提供的安装时段
    而且 客户为自己的地址订购
    那么 订购被受理并给出订单号 [ORD-ACK]
    而且 营业厅订购受理在标准时长内完成 [ORD-COUNTER-5MIN]
    而且 订购确认短信按时送达 [ORD-SMS-5MIN]

    # 开通
    当 客户在家等待装维人员上门
    那么 在预约时段内完成安装开通 [BB-INSTALL]
    而且 开通通知写明账号和业务 [ACT-NOTICE]

    # 使用
    当 客户使用该线路上网
    那么 线路可以正常连接 [USE-WORKS]
    而且 每次使用都被如实记录 [USE-RECORDED]

    # 计费
    当 月末出账
    那么 账单按开通日起折算月费 [BILL-ACCURATE]

    # 变更
    当 客户报障
    那么 故障按时修复并通知客户 [BB-REPAIR]

    # 退订
    当 客户办理拆机
    那么 退订确认短信按时送达 [CAN-CONFIRM]
    而且 营业厅退订受理在标准时长内完成 [CAN-COUNTER-5MIN]
    而且 退订按时生效 [CAN-EFFECT-24H]
    而且 退订后不再收费 [CAN-CHARGES-STOP]

    @channel:api
    例子: API
      | channel |
      | api     |

    @channel:web
    例子: 网上营业厅
      | channel |
      | web     |

    @channel:mobile
    例子: 掌上营业厅
      | channel |
      | mobile  |

    @channel:counter
    例子: 营业厅柜台
      | channel |
      | counter |

  @cross-channel
  场景: 同一位客户在销售宽带的每个渠道询问资费
    假如 一位在销售该线路的每个渠道询问的新客户
    当 客户在每个渠道查找该线路产品
    那么 每个渠道告知的资费和条款与其他渠道一致 [PRICE-CONSISTENT]
