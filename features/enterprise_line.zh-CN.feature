# language: zh-CN
@product:enterprise @lang:zh-CN
功能: 政企专线全程穿越
  政企客户在营业厅政企柜台或通过API为其站点订购专线,检查电路开通后及每次故障修复后回访联系人、
  割接前主动通知、月费、故障按时修复,以及拆机后停止收费。联系人的手机(客户号码)接收短信和回访电话。

  场景大纲: 在<channel>渠道办理政企专线
    假如 一位在<channel>渠道办理的政企客户

    # 订购
    当 客户在目录中查找专线产品
    那么 目录展示的资费和条款与公布的一致 [ORD-PRICE-SHOWN]
    当 客户为自己的地址订购
    那么 订购被受理并给出订单号 [ORD-ACK]
    而且 营业厅订购受理在标准时长内完成 [ORD-COUNTER-5MIN]
    而且 订购确认短信按时送达 [ORD-SMS-5MIN]

    # 开通
    当 电路开通
    那么 开通后按时回访联系人 [ENT-REVISIT]

    # 使用
    当 客户使用该线路上网
    那么 线路可以正常连接 [USE-WORKS]
    当 网运部安排影响该专线的割接
    那么 割接前主动短信通知联系人 [ENT-OUTAGE-NOTICE]

    # 计费
    当 月末出账
    那么 账单按开通日起折算月费 [BILL-ACCURATE]

    # 变更
    当 客户报障
    那么 故障按时修复并通知客户 [ENT-REPAIR]
    而且 修复后按时回访联系人 [ENT-REVISIT]

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

    @channel:counter
    例子: 政企柜台
      | channel |
      | counter |

  @cross-channel
  场景: 同一位政企客户在销售专线的每个渠道询问资费
    假如 一位在销售该线路的每个渠道询问的新客户
    当 客户在每个渠道查找该线路产品
    那么 每个渠道告知的资费和条款与其他渠道一致 [PRICE-CONSISTENT]
